"""Kubernetes access for helmpy.

- :mod:`helmpy.kube.client`: the one client interface (``KubeClient``), its errors and
  :func:`~helmpy.kube.client.connect`, which builds the real client from a kubeconfig
  (``--kubeconfig``/``$KUBECONFIG``/``~/.kube/config``, ``--kube-context``) or the
  in-cluster service account.
- :mod:`helmpy.kube.real`: that client on the ``kubernetes`` package (imported lazily).
- :mod:`helmpy.kube.emulator`: an emulated API server for tests and rehearsals.

Nothing here is imported by ``helmpy template`` or ``helmpy lint``.
"""
