"""Case-history import and export in the documented format ``caseflow-history/2`` (``FORMAT``;
every version in ``FORMATS`` is read).

The JSON Schemas in ``caseflow/schemas/caseflow-history-N.schema.json`` are the reference of the
format. Checking: ``validator`` (syntax, schema, ``Issue``), ``document_check`` (case by case),
``case_check`` (what a schema cannot express), ``file_check`` (a file streamed, pass one).
Importing: ``importer`` stores a valid file in one bulk transaction (pass two), with
``existing_cases`` (what the database holds), ``case_plan`` (what is new) and ``rows`` (the
``Writer``, with ``timeline_rows``, ``record_rows``, ``bulk_insert`` and ``file_dates``).
Exporting: ``exporter`` writes the same format back (``export_items``, ``export_pseudonyms``).
The spreadsheet template: ``csv_template``, ``csv_convert``, ``csv_cells``.
"""

FORMAT = "caseflow-history/2"  # what the exporter writes
# What the importer reads: version 2 adds optional goals, evaluations and placement tariffs.
FORMATS = ("caseflow-history/1", "caseflow-history/2")
