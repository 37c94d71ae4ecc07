"""A region of its own: its name and code, its gemeenten (with herindelingen) and organisations."""
