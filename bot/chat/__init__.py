"""The chat widget's assistant: a conversation that answers from the notice and files requests."""
