-- R-06 音像记录: the advance rule of 0014, limited to advancing past a stage, attached to case_action.

/**
 * R-06: "Advancing a case past such a stage without the recording, or without a recorded
 * reason where it is only expected, is refused." The rule fires when an action of ANOTHER
 * stage than the listed act's is recorded (the next stage, a later one, 结案, 归档), not on
 * the listed act itself and not on a further act of the same stage (a second 调查取证, a
 * correction): the recording of an act can only be uploaded once the act exists, and an
 * investigation of several 调查取证 has not passed its stage until it goes on. For a
 * 'required' entry (查封、扣押、限制人身自由、强制拆除) only an audio/video attachment of that
 * action satisfies it (a recording ingested through /api/media/uploads is one); for an
 * 'expected' entry a recorded absence reason (av_absence_reason) also does. No agency
 * setting or per-kind scope switches the rule off: an agency changes the list itself
 * (av_list_entry), e.g. to make an expected act required.
 * p_stage: the stage of the action about to be recorded; NULL: any next action.
 */
CREATE FUNCTION av_advance_problem(p_case uuid, p_except uuid, p_stage text, OUT code text, OUT message text) LANGUAGE plpgsql STABLE AS $$
DECLARE
  s av_action_status;
BEGIN
  SELECT v.* INTO s FROM av_action_status v
    JOIN enforcement_case c ON c.id = v.case_id
    JOIN case_action_type t ON t.kind = c.kind AND t.code = v.type
   WHERE v.case_id = p_case AND v.action_id IS DISTINCT FROM p_except AND v.level IS NOT NULL AND NOT v.has_recording
     AND (v.level = 'required' OR v.absence_reason IS NULL)
     AND (p_stage IS NULL OR t.stage IS DISTINCT FROM p_stage)
   ORDER BY v.n LIMIT 1;
  IF s.action_id IS NULL THEN
    RETURN;
  END IF;
  IF s.level = 'required' THEN
    code := 'AV_REQUIRED';
    message := '“' || s.type || '”（' || s.act || '）按音像记录事项清单须' || s.recorded_how || '记录，未附录音录像，不能进入下一环节（' || s.source || '）';
  ELSE
    code := 'AV_REASON_REQUIRED';
    message := '“' || s.type || '”（' || s.act || '）按音像记录事项清单应当' || s.recorded_how || '记录，未附录音录像的须说明原因后才能进入下一环节（' || s.source || '）';
  END IF;
END $$;
GRANT EXECUTE ON FUNCTION av_advance_problem(uuid, uuid, text) TO zhifa_app;

/** R-06: the two-argument form of 0014: advancing to any other stage. */
CREATE OR REPLACE FUNCTION av_advance_problem(p_case uuid, p_except uuid, OUT code text, OUT message text) LANGUAGE sql STABLE AS $$
  SELECT p.code, p.message FROM av_advance_problem(p_case, p_except, NULL) p
$$;

/**
 * R-06: refuses a new action (including 结案 and 归档) of another stage while an earlier
 * listed act lacks its recording or reason; HINT carries the code that withCaseRules turns
 * into {code, message}, the same pair GET /api/cases/:id/av-advance answers before the
 * officer submits. The trigger's name sorts after the other case_action triggers
 * (PostgreSQL fires them in name order), so an action refused for its sequence, approval,
 * review or service keeps that rule's reason.
 */
CREATE OR REPLACE FUNCTION case_action_av_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  problem record;
BEGIN
  SELECT p.* INTO problem FROM av_advance_problem(NEW.case_id, NEW.supersedes_id,
    (SELECT t.stage FROM case_action_type t WHERE t.kind = NEW.kind AND t.code = NEW.type)) p;
  IF problem.code IS NOT NULL THEN
    RAISE EXCEPTION '%', problem.message USING ERRCODE = 'check_violation', HINT = problem.code;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER case_action_video_record BEFORE INSERT ON case_action
  FOR EACH ROW EXECUTE FUNCTION case_action_av_check();
