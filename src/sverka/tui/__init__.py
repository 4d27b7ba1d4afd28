"""The review app (Textual). Only this package and the command line import textual."""
