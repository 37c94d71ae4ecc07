"""``flask --app caseflow generate --cases N``: a synthetic region of any size, for load tests.

Rows are built in memory per chunk of cases and written in bulk (COPY on PostgreSQL, executemany
elsewhere: ``bulk``), ids handed out up front so no row needs a round trip; on PostgreSQL large
runs set secondary indexes aside until the end (``indexes``). Every
person, organisation and case is made up. Run it against a database that nobody writes to at the
same time: the ids are taken from ``max(id)`` when the run starts.
"""
