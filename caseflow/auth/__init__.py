"""Accounts, organisations, roles and login."""
