"""The Slack interface: a slack_bolt app (`app`), its Block Kit messages (`blocks`) and the HTTP mount (`http`)."""
