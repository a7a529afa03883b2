"""The subcommands of `privacybot`, one module per part of the product."""
