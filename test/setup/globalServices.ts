// Services the suite needs are started here once per run (FerretDB arrives with the read models).
export {};
