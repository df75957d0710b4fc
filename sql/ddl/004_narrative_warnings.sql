-- What the parser found beside the tables: figures quoted in the prose, and its warnings.
create table if not exists narrative_figures (
    report_id    varchar not null,
    agency       varchar,
    year         integer,
    location     varchar,
    scope        varchar,
    value        double,
    unit         varchar,
    text         varchar,
    source_where varchar
);
comment on table narrative_figures is 'Figures the report states in its prose (收到信息公开申请7件), for the text-vs-table checks.';
comment on column narrative_figures.report_id is 'Report version; reports.report_id.';
comment on column narrative_figures.agency is 'Agency (copied from reports).';
comment on column narrative_figures.year is 'Reporting year (copied from reports).';
comment on column narrative_figures.location is 'Contract path the figure speaks about: a cell (applications.granted.total), a group (applications.denied) or an item.';
comment on column narrative_figures.scope is 'What the prose figure counts (new_received, handled, ...).';
comment on column narrative_figures.value is 'The number stated.';
comment on column narrative_figures.unit is 'Unit printed after the number (件, 条, 万元).';
comment on column narrative_figures.text is 'The sentence fragment the figure was read from.';
comment on column narrative_figures.source_where is 'Where in the document the sentence was found.';

create table if not exists parse_warnings (
    report_id varchar not null,
    code      varchar not null,
    location  varchar,
    message   varchar
);
comment on table parse_warnings is 'Things the parser noticed but could live with (row_not_found, non_integer, ...), per report version.';
comment on column parse_warnings.report_id is 'Report version; reports.report_id.';
comment on column parse_warnings.code is 'Stable warning code.';
comment on column parse_warnings.location is 'Contract path of the cell, row or item concerned.';
comment on column parse_warnings.message is 'Human-readable detail.';
