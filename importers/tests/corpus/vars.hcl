# Values for the corpus's required variables.
replicas = 2
