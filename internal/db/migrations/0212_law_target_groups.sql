-- Law (issue 4): the target groups an instrument concerns (comma list of the
-- DEMIG target groups, lawdb.TargetGroups), entered by legal officers.
ALTER TABLE law_instruments ADD COLUMN target_groups TEXT NOT NULL DEFAULT '';
