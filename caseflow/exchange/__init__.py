"""Case-history import and export in the documented format ``caseflow-history/1``.

The JSON Schema in ``caseflow/schemas/caseflow-history-1.schema.json`` is the reference of the
format; ``validator`` adds the checks a schema cannot express, ``importer`` stores a valid file in
one bulk transaction, ``exporter`` writes the same format back.
"""

FORMAT = "caseflow-history/1"
