"""The administrator's screens: accounts and organisations (never case content)."""
