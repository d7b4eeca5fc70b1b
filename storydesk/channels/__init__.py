"""Intake channels, one folder each; every channel ends in actions.intake.receive_story. The polled ones (the
e-mail inbox, each social platform) hold their source for one poll at a time with poll_lease.py."""
