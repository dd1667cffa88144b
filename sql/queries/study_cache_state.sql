-- Which definition of the kept default studies the file holds (none: not kept, the studies are computed).
SELECT value FROM warehouse_info WHERE key = 'study_cache';
