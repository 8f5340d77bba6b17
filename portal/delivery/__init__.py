"""Delivery: messages the portal sends, from the outbox table to an SMTP server.

- `outbox`: queue a message with the change that causes it; claim, mark, retry and cancel.
- `messages`: what each kind of message says, rendered when it is sent (links made then).
- `smtp`: the SMTP connection, and which failures pass and which last.
- `worker`: one delivery round, as the job queue's worker runs it.
"""
