"""Flows: each feature's steps, joining the services (the database) with Slack's Web API."""
