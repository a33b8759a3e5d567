"""Chart repositories: index files, repositories.yaml, HTTP client, chart references,
dependency resolution and lock files.

Entry points for other parts of helmpy (each module imports its heavy dependencies lazily):

- ``helmpy.repo.chartref.locate_chart(ref, version=, devel=, repo=/repo_url=, verify=,
  keyring=, username=, password=, ...) -> Path``: a local path for a CHART argument (directory,
  archive, ``repo/name``, URL, or name with ``--repo``), downloading into the cache when needed
  and verifying provenance when asked (fails closed).
- ``helmpy.repo.resolver.update(chart_dir, ...)`` / ``build(...)`` /
  ``update_dependencies(chart_dir)``: ``dependency update|build`` and ``--dependency-update``.
- ``helmpy.repo.index``: ``IndexFile``, ``loads``, ``load_file``, ``index_directory``.
- ``helmpy.provenance.sign_archive`` / ``verify_chart`` / ``signing_hook`` for ``--sign`` and
  ``--verify``.
"""
