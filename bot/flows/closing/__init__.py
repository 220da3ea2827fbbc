"""Flows: closing an intro: drafting the close, the message shortcut, posting."""
