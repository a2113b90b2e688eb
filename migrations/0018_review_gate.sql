-- 重大执法决定法制审核目录清单 (L-02) and the gate (L-01): the catalogue is data, per agency
-- on top of the national default; review_need() says which rules a case matches; the insert
-- trigger of case_action refuses the decision of a case that needs review, or was sent for
-- review, until the latest round of its latest review passed (处罚法58: 未经法制审核或者审核
-- 未通过的，不得作出决定). src/domains/review/catalogue.ts holds the same matching in
-- TypeScript; a fast-check property keeps both equal.

/** China's date (UTC+8, no daylight saving), without relying on the server's time zone data. */
CREATE FUNCTION review_today() RETURNS date LANGUAGE sql STABLE AS $$
  SELECT ((now() AT TIME ZONE 'UTC') + interval '8 hours')::date
$$;

/**
 * L-02: a rule's condition over the facts of a case; every key present must hold.
 * kinds, penaltiesAny, domainsAny, flagsAny, outcomesAny: non-empty arrays of strings;
 * fineAtLeast: {citizen?, organisation?} positive amounts; partiesAtLeast: integer >= 2;
 * hearingHeld, governmentName, caseMajor: true.
 */
CREATE FUNCTION review_condition_valid(c jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_typeof(c) = 'object'
     AND EXISTS (SELECT 1 FROM jsonb_object_keys(c))
     AND NOT EXISTS (SELECT 1 FROM jsonb_object_keys(c) k
                      WHERE k NOT IN ('kinds', 'fineAtLeast', 'penaltiesAny', 'hearingHeld', 'partiesAtLeast', 'domainsAny',
                                      'governmentName', 'flagsAny', 'outcomesAny', 'caseMajor'))
     AND NOT EXISTS (SELECT 1 FROM jsonb_each(c) e
                      WHERE e.key IN ('kinds', 'penaltiesAny', 'domainsAny', 'flagsAny', 'outcomesAny')
                        AND (jsonb_typeof(e.value) <> 'array' OR jsonb_array_length(e.value) = 0
                             OR EXISTS (SELECT 1 FROM jsonb_array_elements(e.value) x
                                         WHERE jsonb_typeof(x) <> 'string' OR length(btrim(x #>> '{}')) = 0)))
     AND NOT EXISTS (SELECT 1 FROM jsonb_each(c) e
                      WHERE e.key IN ('hearingHeld', 'governmentName', 'caseMajor') AND e.value <> 'true'::jsonb)
     AND (NOT c ? 'partiesAtLeast' OR (jsonb_typeof(c->'partiesAtLeast') = 'number'
                                      AND (c->>'partiesAtLeast')::numeric >= 2 AND (c->>'partiesAtLeast')::numeric % 1 = 0))
     AND (NOT c ? 'fineAtLeast' OR (jsonb_typeof(c->'fineAtLeast') = 'object'
          AND EXISTS (SELECT 1 FROM jsonb_object_keys(c->'fineAtLeast'))
          AND NOT EXISTS (SELECT 1 FROM jsonb_each(c->'fineAtLeast') f
                           WHERE f.key NOT IN ('citizen', 'organisation') OR jsonb_typeof(f.value) <> 'number'
                              OR (f.value #>> '{}')::numeric <= 0)))
$$;

-- L-02: one version of one catalogue rule. agency_id NULL: the national default (s002 §12 and
-- the general criteria of all seeds); otherwise an agency's own addition, in force for the
-- agency and the organisations under it. An agency adds to the national scope (s002 §12:
-- 在上述审核范围的基础上增加), so its codes never reuse a national code. A new version of
-- a code replaces the earlier ones from its effective_from; a version with effective_to ends.
CREATE TABLE review_catalogue_rule (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid REFERENCES org_node(id),
  code text NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9-]{1,39}$'),
  version integer NOT NULL CHECK (version >= 1),
  title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 300),
  source text NOT NULL CHECK (length(btrim(source)) BETWEEN 1 AND 300),
  condition jsonb NOT NULL CHECK (review_condition_valid(condition)),
  effective_from date NOT NULL,
  effective_to date CHECK (effective_to IS NULL OR effective_to > effective_from),
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX review_catalogue_rule_version
  ON review_catalogue_rule (coalesce(agency_id, '00000000-0000-0000-0000-000000000000'::uuid), code, version);
CREATE TRIGGER review_catalogue_rule_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON review_catalogue_rule
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
GRANT SELECT, INSERT ON review_catalogue_rule TO zhifa_app;

/** L-02: versions are numbered 1, 2, … per code and scope; an agency code never reuses a national one. */
CREATE FUNCTION review_catalogue_rule_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE last integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('review_catalogue_rule:' || coalesce(NEW.agency_id::text, '') || ':' || NEW.code));
  IF NEW.agency_id IS NOT NULL AND EXISTS (SELECT 1 FROM review_catalogue_rule WHERE agency_id IS NULL AND code = NEW.code) THEN
    RAISE EXCEPTION '编号“%”已是全国默认目录的事项，本机关只能增加新的事项', NEW.code USING ERRCODE = 'check_violation', HINT = 'CATALOGUE_CODE_TAKEN';
  END IF;
  SELECT max(version) INTO last FROM review_catalogue_rule WHERE agency_id IS NOT DISTINCT FROM NEW.agency_id AND code = NEW.code;
  IF NEW.version <> coalesce(last, 0) + 1 THEN
    RAISE EXCEPTION '事项“%”的新版本应为第%版', NEW.code, coalesce(last, 0) + 1 USING ERRCODE = 'check_violation', HINT = 'CATALOGUE_VERSION';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER review_catalogue_rule_legal BEFORE INSERT ON review_catalogue_rule FOR EACH ROW EXECUTE FUNCTION review_catalogue_rule_check();

/** L-02: the rules in force for an agency on a day: per scope and code the latest version begun by then, unless it has ended. */
CREATE FUNCTION review_rules_in_force(p_agency uuid, p_on date) RETURNS SETOF review_catalogue_rule LANGUAGE sql STABLE AS $$
  SELECT r.* FROM (
    SELECT DISTINCT ON (r.agency_id, r.code) r.*
      FROM review_catalogue_rule r LEFT JOIN org_node o ON o.id = r.agency_id, org_node a
     WHERE a.id = p_agency AND (r.agency_id IS NULL OR starts_with(a.path, o.path)) AND r.effective_from <= p_on
     ORDER BY r.agency_id, r.code, r.version DESC
  ) r
  WHERE r.effective_to IS NULL OR p_on < r.effective_to
  ORDER BY r.agency_id NULLS FIRST, r.code
$$;

/** L-02: whether a rule's condition holds for the facts of a case (the same as conditionMatches in catalogue.ts). */
CREATE FUNCTION review_rule_matches(c jsonb, f jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(
        (NOT c ? 'kinds' OR (c->'kinds') ? (f->>'kind'))
    AND (NOT c ? 'fineAtLeast' OR (jsonb_typeof(f->'fineAmount') = 'number' AND (c->'fineAtLeast') ? (f->>'partyKind')
                                   AND (f->>'fineAmount')::numeric >= (c->'fineAtLeast'->>(f->>'partyKind'))::numeric))
    AND (NOT c ? 'penaltiesAny' OR (f->'penalties') ?| ARRAY(SELECT jsonb_array_elements_text(c->'penaltiesAny')))
    AND (NOT c ? 'hearingHeld' OR f->'hearingHeld' = 'true'::jsonb)
    AND (NOT c ? 'partiesAtLeast' OR (jsonb_typeof(f->'partyCount') = 'number' AND (f->>'partyCount')::numeric >= (c->>'partiesAtLeast')::numeric))
    AND (NOT c ? 'domainsAny' OR (f->'domains') ?| ARRAY(SELECT jsonb_array_elements_text(c->'domainsAny')))
    AND (NOT c ? 'governmentName' OR f->'governmentName' = 'true'::jsonb)
    AND (NOT c ? 'flagsAny' OR (f->'flags') ?| ARRAY(SELECT jsonb_array_elements_text(c->'flagsAny')))
    AND (NOT c ? 'outcomesAny' OR (f->'outcomes') ?| ARRAY(SELECT jsonb_array_elements_text(c->'outcomesAny')))
    AND (NOT c ? 'caseMajor' OR f->'caseMajor' = 'true'::jsonb),
    false)
$$;

/**
 * L-02: the facts of a case the catalogue speaks about, from the case, its agency's domains,
 * its live actions, its reviews (the flags given on submission, the latest proposal) and
 * p_pending, the data of an action about to be recorded (the decision the gate checks).
 * Action data: fineYuan / fineAmount, penalty / penalties, measure, outcome, governmentName,
 * partyCount; granted = false on a 许可 decision is the outcome 不予许可.
 */
CREATE FUNCTION case_review_facts(p_case uuid, p_pending jsonb DEFAULT '{}') RETURNS jsonb LANGUAGE sql STABLE AS $$
  WITH c AS (SELECT * FROM enforcement_case WHERE id = p_case),
  proposal AS (
    SELECT x.proposal AS data FROM legal_review r JOIN legal_review_round x ON x.review_id = r.id
     WHERE r.case_id = p_case ORDER BY r.submitted_at DESC, x.n DESC LIMIT 1
  ),
  d AS (
    SELECT l.data FROM case_action_live l WHERE l.case_id = p_case
    UNION ALL SELECT coalesce(p_pending, '{}') UNION ALL SELECT data FROM proposal
  ),
  v AS (
    SELECT
      max(CASE WHEN jsonb_typeof(d.data->'fineYuan') = 'number' THEN (d.data->>'fineYuan')::numeric END) AS fine_yuan,
      max(CASE WHEN jsonb_typeof(d.data->'fineAmount') = 'number' THEN (d.data->>'fineAmount')::numeric END) AS fine_amount,
      max(CASE WHEN jsonb_typeof(d.data->'partyCount') = 'number' THEN (d.data->>'partyCount')::numeric END) AS party_count,
      coalesce(bool_or(d.data->'governmentName' = 'true'::jsonb), false) AS government_name
    FROM d
  ),
  penalties AS (
    SELECT d.data->>'penalty' AS p FROM d WHERE jsonb_typeof(d.data->'penalty') = 'string'
    UNION SELECT e FROM d, jsonb_array_elements_text(CASE WHEN jsonb_typeof(d.data->'penalties') = 'array' THEN d.data->'penalties' ELSE '[]' END) e
  ),
  outcomes AS (
    SELECT d.data->>'outcome' AS o FROM d WHERE jsonb_typeof(d.data->'outcome') = 'string'
    UNION SELECT d.data->>'measure' FROM d WHERE jsonb_typeof(d.data->'measure') = 'string'
    UNION SELECT '不予许可' FROM d, c WHERE c.kind = '许可' AND d.data->'granted' = 'false'::jsonb
  )
  SELECT jsonb_build_object(
    'kind', c.kind,
    'partyKind', c.party_kind,
    'partyCount', greatest(1, coalesce((SELECT party_count FROM v), 1)),
    'domains', to_jsonb(coalesce((SELECT b.domains FROM enforcement_body b WHERE b.id = c.agency_id), '{}')),
    'governmentName', (SELECT government_name FROM v),
    'hearingHeld', EXISTS (SELECT 1 FROM case_action_live l WHERE l.case_id = p_case AND l.type = '听证'),
    'fineAmount', (SELECT coalesce(greatest(fine_yuan, fine_amount), fine_yuan, fine_amount) FROM v),
    'penalties', coalesce((SELECT jsonb_agg(p ORDER BY p) FROM penalties WHERE p <> ''), '[]'),
    'flags', coalesce((SELECT jsonb_agg(DISTINCT fl ORDER BY fl) FROM legal_review r, unnest(r.flags) fl WHERE r.case_id = p_case), '[]'),
    'outcomes', coalesce((SELECT jsonb_agg(o ORDER BY o) FROM outcomes WHERE o <> ''), '[]'),
    'caseMajor', c.major)
  FROM c
$$;

/** L-02: the catalogue rules a case matches today (with p_pending, the data of an action about to be recorded). */
CREATE FUNCTION review_need(p_case uuid, p_pending jsonb DEFAULT '{}')
  RETURNS TABLE (code text, title text, source text, version integer) LANGUAGE sql STABLE AS $$
  SELECT r.code, r.title, r.source, r.version
    FROM enforcement_case c, review_rules_in_force(c.agency_id, review_today()) r
   WHERE c.id = p_case AND review_rule_matches(r.condition, case_review_facts(p_case, p_pending))
   ORDER BY r.agency_id NULLS FIRST, r.code
$$;

/**
 * L-01: the decision of a case (an action of the 决定 stage of its kind's model) is refused
 * while the case needs review (review_need) or was sent for review, unless the latest round
 * of its latest review has an opinion of a passing kind (review_opinion_kind.passes).
 * catalogue.ts gives the same code and message before the insert.
 */
CREATE FUNCTION case_action_review_gate() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  stage_of text;
  matched text;
  latest uuid;
  passed boolean := false;
BEGIN
  SELECT t.stage INTO stage_of FROM enforcement_case c JOIN case_action_type t ON t.kind = c.kind AND t.code = NEW.type WHERE c.id = NEW.case_id;
  IF stage_of IS DISTINCT FROM '决定' THEN
    RETURN NEW;
  END IF;
  SELECT string_agg(n.code || ' ' || n.title, '；') INTO matched FROM review_need(NEW.case_id, NEW.data) n;
  SELECT r.id INTO latest FROM legal_review r WHERE r.case_id = NEW.case_id ORDER BY r.submitted_at DESC, r.id DESC LIMIT 1;
  IF matched IS NULL AND latest IS NULL THEN
    RETURN NEW;
  END IF;
  IF latest IS NOT NULL THEN
    SELECT coalesce(k.passes, false) INTO passed
      FROM legal_review_round x LEFT JOIN legal_review_opinion o ON o.round_id = x.id LEFT JOIN review_opinion_kind k ON k.code = o.kind
     WHERE x.review_id = latest ORDER BY x.n DESC LIMIT 1;
  END IF;
  IF NOT coalesce(passed, false) THEN
    RAISE EXCEPTION '%', CASE WHEN matched IS NOT NULL
        THEN '本案属于重大执法决定（' || matched || '），未经法制审核或者审核未通过的，不得作出决定（行政处罚法第五十八条）'
        ELSE '本案已送法制审核，审核未通过的，不得作出决定（行政处罚法第五十八条）' END
      USING ERRCODE = 'check_violation', HINT = 'REVIEW_NOT_PASSED';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER case_action_review_gate BEFORE INSERT ON case_action FOR EACH ROW EXECUTE FUNCTION case_action_review_gate();

-- L-02: the national default catalogue, in force from the day the 三项制度 were introduced
-- everywhere (国办发〔2018〕118号 of 2018-12-05 asked for full coverage from 2019).
INSERT INTO review_catalogue_rule (code, version, title, source, condition, effective_from) VALUES
  ('CF-PT', 1, '普通程序作出的行政处罚决定', 's002 §12(1)', '{"kinds": ["处罚-普通"]}', '2019-01-01'),
  ('CF-ZL', 1, '吊销许可证件、责令停产停业、责令关闭、限制从业、降低资质等级或者没收较大数额违法所得、非法财物的行政处罚', '行政处罚法第五十八条、第六十三条',
     '{"kinds": ["处罚-普通"], "penaltiesAny": ["吊销许可证件", "降低资质等级", "责令停产停业", "责令关闭", "限制从业", "较大数额没收"]}', '2019-01-01'),
  ('XK-ZF', 1, '以人民政府名义作出的行政许可', 's002 §12(2)', '{"kinds": ["许可"], "governmentName": true}', '2019-01-01'),
  ('XK-AQ', 1, '准予从事直接涉及公共安全、生态环境保护以及直接关系人身健康、生命财产安全等特定活动的行政许可', 's002 §12(2)',
     '{"kinds": ["许可"], "flagsAny": ["直接涉及公共安全", "生态环境保护", "直接关系人身健康、生命财产安全"]}', '2019-01-01'),
  ('XK-ZY', 1, '准予从事有限自然资源开发利用、公共资源配置以及直接关系公共利益的特定行业市场准入的行政许可', 's002 §12(2)',
     '{"kinds": ["许可"], "flagsAny": ["有限自然资源开发利用", "公共资源配置", "特定行业市场准入"]}', '2019-01-01'),
  ('XK-BY', 1, '不予行政许可、不予行政许可变更、不予行政许可延续、撤销或者注销行政许可', 's002 §12(2)',
     '{"kinds": ["许可"], "outcomesAny": ["不予许可", "不予变更", "不予延续", "撤销许可", "注销许可"]}', '2019-01-01'),
  ('QZ-ZF', 1, '以人民政府名义作出的行政强制', 's002 §12(3)', '{"kinds": ["强制-措施", "强制-执行"], "governmentName": true}', '2019-01-01'),
  ('QZ-ZD', 1, '限制公民人身自由，查封涉案场所、设施，扣押涉案财物，冻结、划拨存款、汇款，强制拆除建筑物、构筑物、设施，申请人民法院强制执行', 's002 §12(3)',
     '{"kinds": ["强制-措施", "强制-执行"], "outcomesAny": ["限制公民人身自由", "查封", "扣押", "冻结", "划拨", "强制拆除", "申请人民法院强制执行"]}', '2019-01-01'),
  ('ZS-FW', 1, '对集体所有土地或者国有土地上的房屋进行征收征用', 's002 §12(4)', '{"kinds": ["征收征用"], "flagsAny": ["集体所有土地或者国有土地上的房屋"]}', '2019-01-01'),
  ('ZS-RS', 1, '征收对象涉及人数较多或者对征收补偿方案分歧较大', 's002 §12(4)', '{"kinds": ["征收征用"], "flagsAny": ["涉及人数较多", "补偿方案分歧较大"]}', '2019-01-01'),
  ('ZS-YX', 1, '其他对本地经济社会发展有重大影响或者可能影响社会稳定的征收征用', 's002 §12(4)', '{"kinds": ["征收征用"], "flagsAny": ["可能影响社会稳定"]}', '2019-01-01'),
  ('TY-GY', 1, '涉及重大公共利益', '行政处罚法第五十八条；s000 §3、s001 §2、s002 §12、s004 §2', '{"flagsAny": ["涉及重大公共利益"]}', '2019-01-01'),
  ('TY-YX', 1, '可能造成重大社会影响或者引发社会风险', 's000 §3、s001 §2、s002 §12、s004 §2', '{"flagsAny": ["可能造成重大社会影响或者引发社会风险"]}', '2019-01-01'),
  ('TY-QY', 1, '直接关系当事人或者第三人重大权益', '行政处罚法第五十八条；s000 §3、s002 §12', '{"flagsAny": ["直接关系当事人或者第三人重大权益"]}', '2019-01-01'),
  ('TY-TZ', 1, '经过听证程序作出的行政执法决定', '行政处罚法第五十八条；s000 §3、s002 §12', '{"hearingHeld": true}', '2019-01-01'),
  ('TY-YN', 1, '案件情况疑难复杂、涉及多个法律关系', '行政处罚法第五十八条；s000 §3、s002 §12', '{"flagsAny": ["案件情况疑难复杂、涉及多个法律关系"]}', '2019-01-01'),
  ('TY-QT', 1, '法律、法规规定应当进行法制审核的其他情形（立案时认定为重大执法决定）', '行政处罚法第五十八条第一款第四项', '{"caseMajor": true}', '2019-01-01');
