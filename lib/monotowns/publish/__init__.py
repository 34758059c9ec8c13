"""The publish layer: notebooks executed into HTML and PDF, the build, the manifest, the site.

Modules (the top layer: may import every layer below, nothing imports it):

render      executed notebook → HTML page (nbconvert template + preprocessors) → PDF
docx        a town report as a Word document
workbook    a town report's data as a workbook
deps        what each report depends on (its fingerprint's parts)
reads       what a report reads, as the data declares it
jobs        what is built, in which formats, into which files
staleness   fingerprints, stamps and records: whether a report is up to date
workers     the worker processes and their queue
runner      one report in a worker: execute, collect its files, render, stamp
lock        one build per outputs folder; the folder's ownership
pack        the course pack
build       the incremental, parallel build of every report
kernels     report kernels forked from a pre-loaded process (the build's warm workers)
manifest    the replication manifest
nav         the site's shape: page paths, titles, the header of every page
site        the landing pages, one per language
readme      the README's generated sections
claims      claims in words re-derived from the data package
pagecheck   the reader-level checks of every built page
exits       one place for the commands' errors and exit statuses
command     the build command (``monotowns build``, ``run_all.py``)
cli         the ``monotowns`` command
"""
