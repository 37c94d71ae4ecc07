"""Case-history import and export in the documented format ``caseflow-history/2`` (``FORMAT``;
every version in ``FORMATS`` is read).

The JSON Schemas in ``caseflow/schemas/caseflow-history-N.schema.json`` are the reference of the
format; ``validator`` adds the checks a schema cannot express, ``importer`` stores a valid file in
one bulk transaction, ``exporter`` writes the same format back.
"""

FORMAT = "caseflow-history/2"  # what the exporter writes
# What the importer reads: version 2 adds optional goals, evaluations and placement tariffs.
FORMATS = ("caseflow-history/1", "caseflow-history/2")
