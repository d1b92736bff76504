print("pola-repl")
