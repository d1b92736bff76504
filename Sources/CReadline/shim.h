// GNU readline, for pola-repl's prompt (Debian: libreadline-dev, installed by scripts/setup).
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
