"""STEP knowledge base: records under partners/ turned into pages, without MkDocs.

Modules, one job each:
  problems   - a validation problem and how it is printed for an editor
  yamlfile   - strict YAML reading with line numbers
  records    - finding and loading the record files under partners/
  schemas    - the JSON Schemas (schema/*.schema.json) and what they say about fields
  validate   - schema and cross-record checks, every problem at once
  labels     - the interface labels of each site language
  names      - country and language names from CLDR (Babel)
  render     - one record, one language, to Markdown
  generate   - every page in every language, written only when changed
  language_files - which files each language's build looks at
  source_date    - the date pages carry (the commit's, not the build's)
  parallel_build - every language built at once, the same site byte for byte
  cli        - `python -m stepkb.cli check` for editors and CI
"""
