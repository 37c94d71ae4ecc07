"""The pages every role starts from: the start page (panels each domain registers in
``core.start``), the navigation, /healthz and the settings page. It sits above the domains it
shows, so core itself stays below them all (blueprint name stays "core", URLs unchanged)."""
