"""Stage 3: the report pages, built from the finished tables and rendered to self-contained HTML.

`overview.load` reads a period's tables once (`data`) and gives the report of one language,
whose sections (`completion`, `attention`, `funding`, `cycle`, `provenance`, `divisions`) each
return parts of its pages; `components.bar_chart` and `components.table` add a chart or a table
in about five lines; `render` splits the executed notebook into pages and renders them.
"""
