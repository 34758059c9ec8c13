"""The publish layer: notebooks executed into HTML and PDF, the build, the manifest, the site.

Modules (the top layer: may import every layer below, nothing imports it):

render      executed notebook → HTML page (nbconvert template + preprocessors) → PDF
build       the incremental, parallel build of every report
kernels     report kernels forked from a pre-loaded process (the build's warm workers)
manifest    the replication manifest
nav         the site's shape: page paths, titles, the header of every page
site        the landing pages, one per language
readme      the README's generated sections
cli         the ``monotowns`` command
"""
