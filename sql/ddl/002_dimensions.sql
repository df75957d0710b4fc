-- Dimensions: the templates as data (pipeline/template/2021/*.csv, 2019/*.csv) and agencies by name.
-- One row per member across versions; template_versions says which versions print it.
create table if not exists dim_application_category (
    category    varchar primary key,
    sort_order  integer not null,
    kind        varchar not null,
    parent      varchar,
    ordinal     varchar,
    label_zh    varchar not null,
    label_en    varchar not null,
    is_outcome  boolean not null
);
comment on table dim_application_category is 'Rows of table 三 (applications): the 25 data rows and their label-only groups, with hierarchy and template order.';
comment on column dim_application_category.category is 'Contract key of the row, e.g. denied.state_secret; fact_applications.category.';
comment on column dim_application_category.sort_order is 'Position in the printed template.';
comment on column dim_application_category.kind is 'row = a data row with counts; group = a label-only heading (results, denied, unavailable, not_processed, other).';
comment on column dim_application_category.parent is 'Key of the group the row sits under (null at top level).';
comment on column dim_application_category.ordinal is 'Numbering printed before the label (一、, （三）, 1.).';
comment on column dim_application_category.label_zh is 'Chinese label as in the template.';
comment on column dim_application_category.label_en is 'English label.';
comment on column dim_application_category.is_outcome is 'True for the 21 leaf outcome rows that add up to total_handled.';

create table if not exists dim_applicant_type (
    applicant_type varchar primary key,
    sort_order     integer not null,
    parent         varchar,
    label_zh       varchar not null,
    label_en       varchar not null
);
comment on table dim_applicant_type is 'Columns of table 三: applicant types, in template order.';
comment on column dim_applicant_type.applicant_type is 'Contract key, e.g. natural_person; fact_applications.applicant_type.';
comment on column dim_applicant_type.sort_order is 'Position in the printed template.';
comment on column dim_applicant_type.parent is 'legal_person_or_other_organization for the five columns under 法人或其他组织, else null.';
comment on column dim_applicant_type.label_zh is 'Chinese label as in the template.';
comment on column dim_applicant_type.label_en is 'English label.';

create table if not exists dim_proactive_item (
    item       varchar primary key,
    sort_order integer not null,
    block      varchar not null,
    label_zh   varchar not null,
    label_en   varchar not null,
    measures   varchar[] not null
);
comment on table dim_proactive_item is 'Rows of table 二 (proactive disclosure).';
comment on column dim_proactive_item.item is 'Contract key, e.g. administrative_licensing; fact_proactive.item.';
comment on column dim_proactive_item.sort_order is 'Position in the printed template.';
comment on column dim_proactive_item.block is 'Article of the regulation the block reports on, e.g. 第二十条第（一）项.';
comment on column dim_proactive_item.label_zh is 'Chinese label as in the template.';
comment on column dim_proactive_item.label_en is 'English label.';
comment on column dim_proactive_item.measures is 'Measure keys the item has (issued/repealed/in_force, decisions, amount_10k_yuan).';

create table if not exists dim_proactive_measure (
    measure    varchar primary key,
    sort_order integer not null,
    label_zh   varchar not null,
    label_en   varchar not null,
    unit       varchar
);
comment on table dim_proactive_measure is 'Columns of table 二: what a proactive value counts.';
comment on column dim_proactive_measure.measure is 'Contract key, e.g. in_force; fact_proactive.measure.';
comment on column dim_proactive_measure.sort_order is 'Position in the printed template.';
comment on column dim_proactive_measure.label_zh is 'Chinese label as in the template.';
comment on column dim_proactive_measure.label_en is 'English label.';
comment on column dim_proactive_measure.unit is 'Unit of the value (documents, decisions, 10k yuan).';

create table if not exists dim_appeal_proceeding (
    proceeding varchar primary key,
    sort_order integer not null,
    parent     varchar,
    label_zh   varchar not null,
    label_en   varchar not null
);
comment on table dim_appeal_proceeding is 'Row groups of table 四: administrative review and the two kinds of litigation.';
comment on column dim_appeal_proceeding.proceeding is 'Contract key, e.g. litigation_direct; fact_appeals.proceeding.';
comment on column dim_appeal_proceeding.sort_order is 'Position in the printed template.';
comment on column dim_appeal_proceeding.parent is 'litigation for the two 行政诉讼 kinds, else null.';
comment on column dim_appeal_proceeding.label_zh is 'Chinese label as in the template.';
comment on column dim_appeal_proceeding.label_en is 'English label.';

create table if not exists dim_appeal_outcome (
    outcome    varchar primary key,
    sort_order integer not null,
    label_zh   varchar not null,
    label_en   varchar not null
);
comment on table dim_appeal_outcome is 'Columns of table 四: the result of a review or lawsuit.';
comment on column dim_appeal_outcome.outcome is 'Contract key, e.g. corrected; fact_appeals.outcome.';
comment on column dim_appeal_outcome.sort_order is 'Position in the printed template.';
comment on column dim_appeal_outcome.label_zh is 'Chinese label as in the template.';
comment on column dim_appeal_outcome.label_en is 'English label.';

create table if not exists dim_agency (
    agency      varchar primary key,
    province    varchar,
    city        varchar,
    county      varchar,
    admin_level varchar not null,
    department  varchar
);
comment on table dim_agency is 'Agencies seen in parsed reports, with the place and level told from the name by rules (null where the name does not say).';
comment on column dim_agency.agency is 'Agency name as printed; joins reports.agency.';
comment on column dim_agency.province is 'Province-level unit named at the start of the name (省, 自治区, 直辖市); null if the name omits it.';
comment on column dim_agency.city is 'City-level unit (…市, …州, …盟, or the municipality itself); null if none named.';
comment on column dim_agency.county is 'County-level unit (…区, …县, …旗, or a county-level city after a city); null if none named.';
comment on column dim_agency.admin_level is 'national, province, city, county or unknown: the lowest level the name places the agency at.';
comment on column dim_agency.department is 'What remains after the place names: the department itself (人力资源和社会保障局).';
alter table dim_agency add column if not exists division_code varchar;
comment on column dim_agency.division_code is 'National administrative division code (GB/T 2260, e.g. 320813 for 江苏省淮安市洪泽区) of the place the agency sits in, when the gazetteer confirms province, city and county; null otherwise.';

-- Which template versions have each member (2021, 2019): a member missing from a version is null
-- in that version's reports because the template has no such cell, not because the report omitted it.
alter table dim_application_category add column if not exists template_versions varchar[];
comment on column dim_application_category.template_versions is 'Template versions that have this member (2021 = 国办公开办函〔2021〕30号, 2019 = the trial format of 〔2019〕60号).';
alter table dim_applicant_type add column if not exists template_versions varchar[];
comment on column dim_applicant_type.template_versions is 'Template versions that have this member (2021 = 国办公开办函〔2021〕30号, 2019 = the trial format of 〔2019〕60号).';
alter table dim_proactive_item add column if not exists template_versions varchar[];
comment on column dim_proactive_item.template_versions is 'Template versions that have this member (2021 = 国办公开办函〔2021〕30号, 2019 = the trial format of 〔2019〕60号).';
alter table dim_proactive_measure add column if not exists template_versions varchar[];
comment on column dim_proactive_measure.template_versions is 'Template versions that have this member (2021 = 国办公开办函〔2021〕30号, 2019 = the trial format of 〔2019〕60号).';
alter table dim_appeal_proceeding add column if not exists template_versions varchar[];
comment on column dim_appeal_proceeding.template_versions is 'Template versions that have this member (2021 = 国办公开办函〔2021〕30号, 2019 = the trial format of 〔2019〕60号).';
alter table dim_appeal_outcome add column if not exists template_versions varchar[];
comment on column dim_appeal_outcome.template_versions is 'Template versions that have this member (2021 = 国办公开办函〔2021〕30号, 2019 = the trial format of 〔2019〕60号).';
