"""The report layer: what a reader sees — texts, tables, charts, diagrams, and the reports.

Modules (each imports only from this layer and the layers below: method, data):

texts       the text catalogue: every user-visible string by (key, language); names; numbers
            formatted per locale (Babel)
tables      the sources' tables as readable HTML tables (``Shown``)
charts      charts in one style (``Chart``), their labels checked for overlaps
diagrams    conceptual diagrams laid out by Graphviz, legible on A4
reproduce   one reproducer per source table and figure (the registry the manifest is made from)
book        what a chapter notebook calls: ``Book(lang).show("T6")``
townreport  the report of one town
teaching    the method step by step, exercises, what-if
"""
