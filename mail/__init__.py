"""The mail channel as a library: fetch over IMAP, parse untrusted mail, build and send replies.

Parsing (`mail.parse.parse`) turns raw bytes into a frozen `Parsed` value or a `Quarantined`
one and never raises; `mail.rules.machine_reason` says why a message is machine mail (rules in
`mail/data/machine_rules.json`), and `mail.rules.bounced_message_ids` finds which of our
messages a bounce returns. It never imports `bot`.
"""
