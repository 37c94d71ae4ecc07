"""Daily jobs: risk recompute, retention check and reminders, once a day however many servers."""
