"""Domain layer: pure logic about introductions. Imports nothing from Slack or the database."""
