"""Template functions: Sprig v3 and Helm's own, one module per family."""
