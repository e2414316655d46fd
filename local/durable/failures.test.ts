import { describeError } from './errors';
import { activityFailed, activityRefused, subOrchestrationFailed, subOrchestrationRefused } from './failures';
import { EventType } from './protocol';

const AT = Date.parse('2026-12-01T06:00:00Z');
const parsed = (details: string | undefined) => JSON.parse(details ?? 'null') as Record<string, any>;

describe('failure events', () => {
  it('describes what an activity threw as the Node.js worker reports it', () => {
    expect(describeError('out of flour')).toEqual({ errorType: 'Error', errorMessage: 'out of flour' });
    expect(describeError(42)).toEqual({ errorType: 'Error', errorMessage: '42' });
    expect(describeError(false)).toEqual({ errorType: 'Error', errorMessage: 'false' });
    expect(describeError({ message: 'no yeast' })).toEqual({
      errorType: 'Error',
      errorMessage: '{"message":"no yeast"}',
    });
    const error = new RangeError('too hot');
    expect(describeError(error)).toEqual({
      errorType: 'RangeError',
      errorMessage: 'too hot',
      stackTrace: error.stack,
    });
  });

  it('fills an activity failure with Reason, the serialized exception as Details, and FailureDetails', () => {
    const error = new TypeError('bad tray');
    const e = activityFailed(3, 'bake', error, AT);
    expect(e).toMatchObject({
      EventType: EventType.TaskFailed,
      TaskScheduledId: 3,
      Reason: "Activity function 'bake' failed:  bad tray",
      FailureDetails: {
        ErrorType: 'TypeError',
        ErrorMessage: 'bad tray',
        StackTrace: error.stack,
        IsNonRetriable: false,
      },
    });
    expect(parsed(e.Details)).toMatchObject({
      $type: 'System.Exception, System.Private.CoreLib',
      Message: ' bad tray',
      InnerException: {
        RemoteMessage: 'bad tray',
        RemoteStackTrace: error.stack,
        Message: `Result: Failure\nException: bad tray\nStack: ${error.stack}`,
      },
    });
  });

  it('keeps a refusal by the host to its own message, without a worker exception inside', () => {
    const e = activityRefused(1, 'BuiltIn::HttpActivity', 'callHttp is not supported', AT);
    expect(e.Reason).toBe("Activity function 'BuiltIn::HttpActivity' failed: callHttp is not supported");
    expect(parsed(e.Details)).toMatchObject({ Message: 'callHttp is not supported', InnerException: null });
    expect(e.FailureDetails).toEqual({
      ErrorType: 'Error',
      ErrorMessage: 'callHttp is not supported',
      IsNonRetriable: true,
    });
    const refused = subOrchestrationRefused(2, 'no such orchestrator', AT);
    expect(refused).toMatchObject({
      EventType: EventType.SubOrchestrationInstanceFailed,
      Reason: 'no such orchestrator',
    });
    expect(parsed(refused.Details)).toMatchObject({ Message: 'no such orchestrator' });
  });

  it("tells a parent of its child's failure, passing on FailureDetails the library reported", () => {
    const reason = "Orchestrator function 'child' failed: boom";
    const plain = subOrchestrationFailed(
      4,
      reason,
      { errorType: 'Error', errorMessage: 'boom', stackTrace: 'at x' },
      AT,
    );
    expect(plain).toMatchObject({
      Reason: reason,
      Details: 'Message: boom, StackTrace: at x',
      FailureDetails: { ErrorType: 'Error', ErrorMessage: 'boom', StackTrace: 'at x', IsNonRetriable: false },
    });
    const details = {
      ErrorType: 'RangeError',
      ErrorMessage: 'too hot',
      InnerFailure: { ErrorType: 'Error', ErrorMessage: 'cause' },
    };
    const relayed = subOrchestrationFailed(
      4,
      reason,
      { errorType: 'RangeError', errorMessage: 'RangeError: too hot', details },
      AT,
    );
    expect(relayed.FailureDetails).toBe(details);
    expect(relayed.Details).toBe('Message: RangeError: too hot, StackTrace: ');
  });
});
