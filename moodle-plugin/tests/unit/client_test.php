<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later

use paygw_passerelle\local\client;
use paygw_passerelle\local\client_exception;

/**
 * Passerelle's API as the plugin calls it: the key only in the Authorization header, a creation sent again (same
 * Idempotency-Key) only when that is safe, and each failure named.
 */
class client_test extends standin_testcase {

    private function client(): client {
        return new client(self::PASSERELLE . '/', self::API_KEY);
    }

    private function failure(callable $call): client_exception {
        try {
            $call();
        } catch (client_exception $e) {
            return $e;
        }
        $this->fail('expected a client_exception');
    }

    public function test_a_creation_is_sent_again_only_when_passerelle_says_it_is_safe(): void {
        curl::answer(503, '{"code":"unavailable"}');
        curl::answer(201, ['id' => 'order-1']);
        $this->assertSame(['id' => 'order-1'], $this->client()->create_order(['amount' => 100], 'key-1'));
        $this->assertCount(2, curl::$requests);
        $this->assertContains('Idempotency-Key: key-1', curl::$requests[1]['headers']);

        curl::reset();
        curl::answer(409, ['code' => 'idempotency_in_progress', 'detail' => 'running']);
        curl::answer(201, ['id' => 'order-1']);
        $this->assertSame(['id' => 'order-1'], $this->client()->create_order(['amount' => 100], 'key-1'));

        foreach ([[400, 'validation'], [409, 'reference_taken'], [409, 'idempotency_mismatch']] as [$status, $code]) {
            curl::reset();
            curl::answer($status, ['code' => $code, 'detail' => 'no']);
            $e = $this->failure(function() {
                $this->client()->create_order(['amount' => 100], 'key-1');
            });
            $this->assertSame(client_exception::REFUSED, $e->kind);
            $this->assertSame($code, $e->code);
            $this->assertCount(1, curl::$requests, $code . ' is not sent again');
        }
    }

    public function test_each_failure_is_named_and_the_key_never_travels_in_an_address(): void {
        curl::answer(404, ['code' => 'not_found', 'detail' => 'No order']);
        $this->assertSame(client_exception::NOT_FOUND, $this->failure(function() {
            $this->client()->get_order('a/b');
        })->kind);
        $this->assertSame(self::PASSERELLE . '/api/v1/orders/a%2Fb', curl::$requests[0]['url']);
        curl::answer(401, ['code' => 'unauthorized']);
        $this->assertSame(client_exception::UNAUTHORIZED, $this->failure(function() {
            $this->client()->key();
        })->kind);
        curl::answer(502, '<html>Bad gateway</html>');
        $this->assertSame(client_exception::REFUSED, $this->failure(function() {
            $this->client()->key();
        })->kind);
        curl::answer(200, 'not json');
        $this->assertSame(client_exception::NOT_PASSERELLE, $this->failure(function() {
            $this->client()->key();
        })->kind);
        foreach (curl::$requests as $request) {
            $this->assertStringNotContainsString(self::API_KEY, $request['url']);
            $this->assertContains('Authorization: Bearer ' . self::API_KEY, $request['headers']);
        }
        curl::answer(200, ['items' => [['url' => 'x']]]);
        $this->assertSame([['url' => 'x']], $this->client()->webhook_endpoints('https://m.example.org/w.php?a=1&b=2'));
        $this->assertStringEndsWith('?url=https%3A%2F%2Fm.example.org%2Fw.php%3Fa%3D1%26b%3D2', end(curl::$requests)['url']);
    }
}
