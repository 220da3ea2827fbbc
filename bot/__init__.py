"""Intro Etiquette: a Slack bot that helps people close introductions kindly."""
