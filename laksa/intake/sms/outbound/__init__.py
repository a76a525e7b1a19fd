"""SMS out, one module per provider (gateway, kannel, gammu), each `send(message, account)`
as laksa/intake/outbound.py describes; notify/ calls them from the outbox."""
