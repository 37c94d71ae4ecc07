"""RET meetings (RET-besprekingen): agenda, preparation, advice, decisions and actions."""
