"""The report layer: what a reader sees — texts, tables, charts, diagrams, and the reports.

Modules (each imports only from this layer and the layers below: method, data):

texts         the text catalogue: every user-visible string by (key, language); names; numbers
              formatted per locale (Babel)
page          the page model (headings, paragraphs, tables, figures, boxes…) and its macros
shown         ``Shown`` (what a function shows: blocks, the frame behind them, notes) and
              ``html_table``
marks         the errata marks of a table's cells and how a printed cell reads
tables        the sources' numeric tables and the method's, SWOT's, audit's and glossary's
prose         the sources' tables of words (text tables, types, structures, matrices)
charts        charts in one style (``Chart``), their labels checked for overlaps
diagrams      conceptual diagrams laid out by Graphviz, legible on A4
reproduce     the chapters' figures: charts, quoted values, diagrams, maps
items         the registry of source items: chapter, status, renderer, files (the manifest's)
book          what a chapter notebook calls: ``Book(lang).show("T6")``
takeaway      the published rows each table and chart shows, for its CSV
profile       a town's measures and key figures, and the words that state a value
townsummary   a town's summary in sentences
peers         a town beside the others: ranks, medians, comparisons, findings
towncharts    a town report's charts
chartcache    the town charts kept between builds, drawn again when a file they read changed
townsections  a town report's sections from the source tables and the method
townprofile   a town report's key figures, summary, comparisons, trends, notes
added         the later years an analyst adds, marked as added
townreport    the report of one town, section by section
teaching      the method step by step, for a student and an instructor
whatif        the method recomputed after changing raw inputs
answers       the answers a lesson checks
pofiles       the translations as gettext catalogues, for a proofreader's tool
console       the CLI's text output
"""
