// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later
//
// The shipped AMD module (amd/build/gateways_modal.min.js), loaded as RequireJS would load it, with a stand-in for
// core/ajax: what it asks the web service, and how its promise answers core_payment's modal.
//   node --test moodle-plugin/tests/js/
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import vm from 'node:vm';

const build = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../passerelle/amd/build/gateways_modal.min.js'),
    'utf8');

/** Loads the module with core/ajax answering `answer` (a promise); returns its exports, the calls and the redirects. */
function load(answer) {
    const calls = [];
    const redirects = [];
    // copied out of the module's realm, to compare with plain values
    const ajax = {call: requests => { calls.push(JSON.parse(JSON.stringify(requests))); return [answer]; }};
    let exports;
    const sandbox = {
        window: {location: {assign: url => redirects.push(url)}},
        Promise,
        define(name, deps, factory) {
            assert.equal(name, 'paygw_passerelle/gateways_modal');
            assert.deepEqual([...deps], ['exports', 'core/ajax']);
            exports = {};
            factory(exports, ajax);
        },
    };
    vm.runInNewContext(build, sandbox);
    return {process: exports.process, calls, redirects};
}

const settled = (promise, ms = 50) => Promise.race([promise.then(v => ({value: v}), e => ({error: e})),
    new Promise(resolve => setTimeout(() => resolve('pending'), ms))]);

test('proceeding asks the web service and sends the learner to HelloAsso, leaving the modal waiting', async () => {
    const module = load(Promise.resolve({status: 'redirect', url: 'https://pay.example.org/pay/o1?t=x', message: ''}));
    const result = module.process('enrol_fee', 'fee', 7, 'Enrolment in Pottery');
    assert.deepEqual(module.calls, [[{methodname: 'paygw_passerelle_start_payment',
        args: {component: 'enrol_fee', paymentarea: 'fee', itemid: 7, description: 'Enrolment in Pottery'}}]]);
    assert.equal(await settled(result), 'pending', 'neither success nor failure: the page is leaving');
    assert.deepEqual(module.redirects, ['https://pay.example.org/pay/o1?t=x']);
});

test('an item already paid resolves with the message, for core to show before the success page', async () => {
    const module = load(Promise.resolve({status: 'delivered', url: 'https://moodle/course/view.php?id=2',
        message: 'This payment had already been received'}));
    assert.deepEqual(await settled(module.process('enrol_fee', 'fee', 7, '')),
        {value: 'This payment had already been received'});
    assert.deepEqual(module.redirects, []);
});

test('an error rejects with its message, for core to show in the modal', async () => {
    const module = load(Promise.reject({message: 'HelloAsso takes euros only, not USD.', errorcode: 'error:currency'}));
    assert.deepEqual(await settled(module.process('enrol_fee', 'fee', 7, '')),
        {error: 'HelloAsso takes euros only, not USD.'});
    assert.deepEqual(module.redirects, []);
});

test('a jQuery-style promise from core/ajax (Moodle 4.1) works the same', async () => {
    const deferred = {then: (ok) => { ok({status: 'redirect', url: 'https://pay.example.org/pay/o2', message: ''}); }};
    const module = load(deferred);
    module.process('enrol_fee', 'fee', 7, '');
    await new Promise(resolve => setTimeout(resolve, 10));
    assert.deepEqual(module.redirects, ['https://pay.example.org/pay/o2']);
});
