"""The page shell: start page, navigation, health check and error pages."""
