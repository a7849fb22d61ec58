"""Moving networks in and out of Kring: contact file imports and network exports."""
