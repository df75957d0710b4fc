-- rule: parse_failed
-- severity: error
-- concern: parse
-- description_en: Every file in the warehouse parses; a file that failed (reports.status = 'failed', its error_code and reason) is named on every run until the file changes.
-- description_zh: 仓库中的每个文件都能解析；解析失败的文件（reports.status = 'failed'，含错误代码和原因）在文件更换之前每次运行都会列出。
-- message_en: {file} could not be parsed ({detail}); its figures are not in the warehouse until the file is fixed or replaced.
-- message_zh: 文件“{file}”未能解析（{detail}）；在修正或替换该文件之前，其数据不会入库。
-- dq_open_failures holds the failures that still stand (pipeline.load.failures), plus re-parses of
-- bytes loaded earlier that now fail (their earlier facts are kept).
select report_id, 'file' as location, null::double as expected, null::double as actual,
       code || ': ' || reason || case when kept_facts then ' (the figures of an earlier parse are kept)' else '' end
           as detail_en,
       code || '：' || reason || case when kept_facts then '（保留先前解析的数据）' else '' end as detail_zh
from dq_open_failures
