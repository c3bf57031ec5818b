"""Archives: many articles geoparsed on Dask into Parquet/GeoParquet, queried with DuckDB.

Modules, one job each: `schema` (columns and types), `ingest` (sources -> partitions of articles, rejects),
`layout` (the archive folder, its lock, staging and commit), `regions` (admin-1 and Liptako-Gourma of points),
`tasks` (what one Dask task does), `compact` (one sorted file per month and run), `build` (the Dask engine), `query` (DuckDB), `cli` (`python -m geo archive`).
"""
