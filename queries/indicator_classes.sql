-- Indicators by class (一级/二级指标), and how many of them are quantitative (current versions).
SELECT
    level1                                   AS 一级指标,
    level2                                   AS 二级指标,
    count(*)                                 AS 指标数,
    count(*) FILTER (WHERE NOT is_qualitative) AS 定量,
    count(*) FILTER (WHERE is_qualitative)     AS 定性
FROM current_indicators
GROUP BY ALL
ORDER BY 一级指标, 指标数 DESC;
