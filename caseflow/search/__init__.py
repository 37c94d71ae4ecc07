"""The search for a fitting place (issue 25): what the child needs, who was asked, what they
answered and how long it took."""
