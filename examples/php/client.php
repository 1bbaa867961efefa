<?php
/**
 * What a Moodle plugin does with the pedcommunity service, in plain PHP 8 with curl.
 *
 * It creates a PLC (ПОС) for the key's school, moves it through two stages (forming ->
 * topic_list -> choice), retries a command with the same Idempotency-Key, fires with a stale
 * expected_version, lets a member try a leader's trigger, and reads the PLC back. Each step
 * checks the answer and prints one line; the first answer that is not the one expected stops
 * the script with exit code 1 and the reason, so it is a real check (CI runs it through
 * tests/e2e/test_php_client.py).
 *
 *   PEDCOMMUNITY_URL=http://127.0.0.1:8000 PEDCOMMUNITY_KEY=pc_... php examples/php/client.php
 *
 * PEDCOMMUNITY_PLC_ID (optional) names the PLC; by default a fresh id per run, so the script
 * can run again and again against one server.
 */

declare(strict_types=1);

/** An answer that is not the one expected (or no answer at all). */
final class Unexpected extends RuntimeException
{
}

/** One HTTP answer: status, headers (lower-case names) and the decoded JSON body. */
final class Answer
{
    /** @param array<string, string> $headers */
    public function __construct(
        public readonly int $status,
        public readonly array $headers,
        public readonly mixed $body,
        public readonly string $raw,
    ) {
    }

    public function header(string $name): ?string
    {
        return $this->headers[strtolower($name)] ?? null;
    }

    /** The media type, without parameters ("application/problem+json"). */
    public function type(): string
    {
        return strtolower(trim(explode(';', $this->header('content-type') ?? '')[0]));
    }
}

/** The service, as the plugin sees it: a base URL, the school's API key, one curl handle. */
final class Service
{
    private CurlHandle $curl;

    public function __construct(private readonly string $url, private readonly string $key)
    {
        $this->curl = curl_init();
    }

    /**
     * Send one request. $actor is the LMS user on whose behalf the plugin acts (X-Actor).
     *
     * @param array<string, mixed>|null $body  sent as JSON (null: no body)
     * @param array<string, string>     $extra more headers (Idempotency-Key...)
     */
    public function call(
        string $method,
        string $path,
        ?string $actor = null,
        ?array $body = null,
        array $extra = [],
    ): Answer {
        $headers = ['Authorization: Bearer ' . $this->key, 'Accept: application/json'];
        if ($actor !== null) {
            $headers[] = 'X-Actor: ' . $actor;
        }
        foreach ($extra as $name => $value) {
            $headers[] = $name . ': ' . $value;
        }
        $received = [];
        $options = [
            CURLOPT_URL => rtrim($this->url, '/') . $path,
            CURLOPT_CUSTOMREQUEST => $method,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_CONNECTTIMEOUT => 10,
            CURLOPT_TIMEOUT => 60,
            CURLOPT_HTTPGET => $method === 'GET',
            CURLOPT_POSTFIELDS => null,
            CURLOPT_HEADERFUNCTION => static function ($curl, string $line) use (&$received): int {
                $parts = explode(':', $line, 2);
                if (count($parts) === 2) {
                    $received[strtolower(trim($parts[0]))] = trim($parts[1]);
                }
                return strlen($line);
            },
        ];
        if ($body !== null) {
            $options[CURLOPT_POSTFIELDS] = json_encode(
                $body,
                JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR,
            );
            $headers[] = 'Content-Type: application/json';
        }
        $options[CURLOPT_HTTPHEADER] = $headers;
        curl_reset($this->curl);
        curl_setopt_array($this->curl, $options);
        $raw = curl_exec($this->curl);
        if ($raw === false) {
            throw new Unexpected("$method $path: no answer: " . curl_error($this->curl));
        }
        $status = curl_getinfo($this->curl, CURLINFO_RESPONSE_CODE);
        $decoded = $raw === '' ? null : json_decode($raw, true);
        return new Answer($status, $received, $decoded, $raw);
    }
}

/** Stop unless $holds; $why says what was expected. */
function check(bool $holds, string $why): void
{
    if (!$holds) {
        throw new Unexpected($why);
    }
}

/** Check the status (and, for a refusal, the problem document's error type). */
function expect(Answer $answer, int $status, string $what, ?string $error = null): void
{
    $got = $answer->status . ' ' . substr($answer->raw, 0, 300);
    if ($answer->type() === 'application/problem+json' && is_array($answer->body)) {
        // A refusal says why in full: its error type and detail.
        $got = $answer->status . ' ' . ($answer->body['error'] ?? '?') . ': '
            . ($answer->body['detail'] ?? '');
    }
    check($answer->status === $status, "$what: expected HTTP $status, got $got");
    if ($error !== null) {
        check(
            $answer->type() === 'application/problem+json',
            "$what: expected application/problem+json, got " . $answer->type(),
        );
        check(
            ($answer->body['error'] ?? null) === $error,
            "$what: expected error $error, got $got",
        );
    }
}

/** One line of the report: the step's name, then what happened. */
function say(string $step, string $line): void
{
    printf("%-10s %s\n", $step, $line);
}

/**
 * Fire a trigger on behalf of $actor; the answer is returned unchecked.
 *
 * @param array<string, mixed> $payload the trigger's payload fields ([]: none)
 * @param int|null $version the version the plugin last read (null: fire on the latest)
 */
function fire(
    Service $api,
    string $plc,
    string $trigger,
    string $actor,
    array $payload = [],
    ?int $version = null,
    ?string $idempotencyKey = null,
): Answer {
    $body = ['expected_version' => $version];
    if ($payload !== []) {
        // A trigger without a payload class takes none at all (not even {}).
        $body['payload'] = $payload;
    }
    $extra = $idempotencyKey === null ? [] : ['Idempotency-Key' => $idempotencyKey];
    return $api->call('POST', "/v1/workflows/$plc/triggers/$trigger", $actor, $body, $extra);
}

/**
 * Fire a trigger and expect its event (200).
 *
 * @param array<string, mixed> $payload
 * @return array{0: int, 1: int, 2: string} the event's sequence, the version and state after it
 */
function fired(
    Service $api,
    string $plc,
    string $trigger,
    string $actor,
    array $payload = [],
): array {
    $answer = fire($api, $plc, $trigger, $actor, $payload);
    expect($answer, 200, "$trigger by $actor");
    $workflow = $answer->body['workflow'];
    return [$answer->body['event']['data']['sequence'], $workflow['version'], $workflow['state']];
}

/** Every step, against the service, on a new PLC $plc. */
function run(Service $api, string $plc): void
{
    $head = 'head';                 // the school's PLC leader in the LMS
    $members = ['t1', 't2', 't3'];  // three teachers: the PLC's minimum
    $run = bin2hex(random_bytes(6));

    // 1. The PLC, with its data as a contract document (a PlcData; defaults fill the rest).
    $data = [
        'schema_version' => '1',
        'type' => 'PlcData',
        'data' => ['name' => 'ПОС «Функциональная грамотность»', 'leader_id' => $head],
    ];
    $started = $api->call('POST', '/v1/workflows', $head, [
        'definition' => 'plc_cycle',
        'id' => $plc,
        'data' => $data,
    ]);
    expect($started, 201, 'start the PLC');
    check(
        $started->header('location') === "/v1/workflows/$plc",
        'start: Location is ' . var_export($started->header('location'), true),
    );
    $view = $started->body;
    check($view['state'] === 'forming' && $view['version'] === 1, "start: got {$started->raw}");
    say('start', "$plc ({$view['definition']}): {$view['state']}, version {$view['version']}");

    // 2. Teachers join, each on their own behalf; the last join is sent with an
    //    Idempotency-Key, as a plugin does for any command it may have to send again.
    foreach (array_slice($members, 0, 2) as $teacher) {
        fired($api, $plc, 'join', $teacher, ['teacher_id' => $teacher]);
    }
    $key = "join-t3-$run";
    $first = fire($api, $plc, 'join', 't3', ['teacher_id' => 't3'], null, $key);
    expect($first, 200, 'join by t3');
    $sequence = $first->body['event']['data']['sequence'];
    $version = $first->body['workflow']['version'];
    check($first->header('idempotent-replayed') === null, 'a first command is not a replay');
    say('join', implode(', ', $members) . " joined (version $version)");

    // 3. The same command again (the answer was lost, say): the first answer comes back,
    //    and nothing new is stored.
    $again = fire($api, $plc, 'join', 't3', ['teacher_id' => 't3'], null, $key);
    expect($again, 200, 'join by t3 retried');
    check(
        $again->header('idempotent-replayed') === 'true',
        'retry: expected Idempotent-Replayed: true, got '
            . var_export($again->header('idempotent-replayed'), true),
    );
    check(
        $again->body['event'] == $first->body['event'],
        "retry: another event: {$again->raw}",
    );
    check(
        $again->body['workflow']['version'] === $version,
        "retry: the version grew to {$again->body['workflow']['version']}",
    );
    say('retry', "Idempotency-Key $key again: same event #$sequence, "
        . "Idempotent-Replayed: true, version still $version");

    // 4. A member tries a leader's trigger: the library's permission policy refuses (403).
    $denied = fire($api, $plc, 'hold_meeting', 't1', ['kind' => 'organisational']);
    expect($denied, 403, 'hold_meeting by t1', 'PermissionDenied');
    say('forbidden', "t1 may not hold a meeting: 403 {$denied->body['error']}, roles "
        . implode(', ', $denied->body['roles'] ?? []));

    // 5. The forming stage's work: two meetings and the interaction agreement.
    foreach (['organisational', 'agreement'] as $kind) {
        fired($api, $plc, 'hold_meeting', $head, [
            'kind' => $kind,
            'online' => true,
            'attendees' => $members,
        ]);
    }
    [, $version] = fired($api, $plc, 'agree', $head, ['agreement' => [
        'rules' => ['Говорим по очереди и слушаем друг друга', 'Приходим подготовленными'],
        'signed_by' => $members,
    ]]);
    say('forming', "2 meetings held, agreement agreed (version $version)");

    // 6. A command based on an old read (version 2) is refused: 409 with both versions.
    $stale = fire($api, $plc, 'open_topic_list', $head, [], 2);
    expect($stale, 409, 'open_topic_list at version 2', 'ConcurrentUpdate');
    check(
        $stale->body['expected'] === 2 && $stale->body['actual'] === $version,
        "stale: expected 2 and actual $version, got {$stale->raw}",
    );
    say('stale', "expected_version 2: 409 {$stale->body['error']} "
        . "(expected {$stale->body['expected']}, actual {$stale->body['actual']})");

    // 7. Stage 1: forming -> topic_list, with the version just read.
    $open = fire($api, $plc, 'open_topic_list', $head, [], $version);
    expect($open, 200, 'open_topic_list');
    check($open->body['workflow']['state'] === 'topic_list', "stage 1: got {$open->raw}");
    $label = $open->body['workflow']['state_label']['en'];
    say('stage 1', "forming -> topic_list ($label), version {$open->body['workflow']['version']}");

    // 8. Stage 2: a member proposes a topic-problem, the leader opens the vote.
    fired($api, $plc, 'propose_topic', 't1', ['topic' => [
        'id' => '4c',
        'title' => ['ru' => 'Навыки 4К', 'en' => 'The 4C skills'],
    ]]);
    [, $version, $state] = fired($api, $plc, 'open_vote', $head);
    check($state === 'choice', "stage 2: state $state");
    say('stage 2', "topic 4c proposed, topic_list -> choice, version $version");

    // 9. Read the PLC back, as its leader and as a member (allowed triggers differ).
    $read = $api->call('GET', "/v1/workflows/$plc", $head);
    expect($read, 200, 'read the PLC');
    $doc = $read->body['data']['data'];
    check(
        $read->body['state'] === 'choice' && $read->body['version'] === $version,
        "read: got state {$read->body['state']}, version {$read->body['version']}",
    );
    check($doc['members'] === $members, 'read: members ' . json_encode($doc['members']));
    check(in_array('choose_topic', $read->body['allowed'], true), 'read: head may choose_topic');
    $asMember = $api->call('GET', "/v1/workflows/$plc", 't2');
    expect($asMember, 200, 'read the PLC as t2');
    $mayVote = in_array('vote', $asMember->body['allowed'], true);
    $mayChoose = in_array('choose_topic', $asMember->body['allowed'], true);
    check($mayVote && !$mayChoose, 'read: t2 may vote, not choose_topic');
    say('read', "state choice, version $version, members " . implode(', ', $doc['members'])
        . ', topics ' . count($doc['topics'])
        . '; head may choose_topic, t2 may vote but not choose');

    // 10. Its events, page by page: one per command, none for the refused or retried ones.
    $triggers = [];
    $after = 0;
    $pages = 0;
    do {
        $page = $api->call('GET', "/v1/workflows/$plc/events?after=$after&limit=4");
        expect($page, 200, "events after $after");
        foreach ($page->body['events'] as $event) {
            $triggers[] = $event['data']['trigger'];
            check($event['data']['sequence'] === count($triggers), 'events: out of order');
        }
        $pages++;
        $after = $page->body['next_after'];
    } while ($after !== null);
    $expected = ['start', 'join', 'join', 'join', 'hold_meeting', 'hold_meeting', 'agree',
        'open_topic_list', 'propose_topic', 'open_vote'];
    check($triggers === $expected, 'events: ' . implode(' ', $triggers));
    check(count($triggers) === $version, "events: $version expected, " . count($triggers));
    say('events', count($triggers) . " events in $pages pages: " . implode(' ', $triggers));
}

// A missing field in an answer ("undefined array key") is a failure, not a warning.
set_error_handler(static function (int $level, string $message, string $file, int $line): bool {
    throw new ErrorException($message, 0, $level, $file, $line);
});

$url = getenv('PEDCOMMUNITY_URL') ?: '';
$key = getenv('PEDCOMMUNITY_KEY') ?: '';
if ($url === '' || $key === '') {
    fwrite(STDERR, "set PEDCOMMUNITY_URL (http://host:port) and PEDCOMMUNITY_KEY (pc_...)\n");
    exit(2);
}
if (!extension_loaded('curl')) {
    fwrite(STDERR, "the curl extension is missing: install php-curl\n");
    exit(2);
}
$plc = getenv('PEDCOMMUNITY_PLC_ID') ?: 'plc-php-' . bin2hex(random_bytes(4));
try {
    run(new Service($url, $key), $plc);
} catch (Throwable $failure) {
    // Unexpected: an answer not the one expected; ErrorException or TypeError: an answer
    // without a field the script reads.
    fwrite(STDERR, 'FAILED: ' . $failure->getMessage() . "\n");
    exit(1);
}
say('ok', "every answer was the one expected ($plc)");
