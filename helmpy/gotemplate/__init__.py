"""Go text/template: lexer, parser, nodes, compiler (via Jinja2) and runtime."""
