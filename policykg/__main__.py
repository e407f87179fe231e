from policykg.cli import cli

cli()
