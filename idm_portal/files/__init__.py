"""Generated files (shared machinery of the project): PDFs and spreadsheets made in the
background and served only to whoever may see them.

- :mod:`~idm_portal.files.registry`: the renderer registry the apps register their kinds in
  (render, fingerprint, who may download).
- :mod:`~idm_portal.files.services`: request a file, make it (a Celery task claims the row
  under a lease), sweep what was left pending or whose worker died.
- :mod:`~idm_portal.files.leases`: the lease a running job holds and renews.
- :mod:`~idm_portal.files.selectors`: a target's files, for pages and the admin.
"""
