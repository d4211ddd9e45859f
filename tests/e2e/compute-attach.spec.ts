// Attaching every kind the current API has, each ending Succeeded in the list; Azure Batch is
// listed disabled with its explanation; View as YAML for an attach kind az ml cannot express.
import { expect, Page } from '@playwright/test';
import { DEMO_COMPUTES, emulatorHook, signIn, test } from './helpers';
import { computeWrites, ED25519_PUB, expectOpDone, field, OPENSSH_PRIVATE, openNew, RG_ID, row } from './compute-helpers';

test.beforeEach(async () => {
  await emulatorHook('reset');
  await emulatorHook('settings', { operationSeconds: 0.5 });
});

async function openAttach(page: Page, kind: string): Promise<void> {
  await signIn(page, DEMO_COMPUTES);
  await openNew(page, 'new-attach');
  await expect(page).toHaveURL(/\/computes\/attach$/);
  await page.getByTestId(`attach-kind-${kind}`).click();
  await expect(page.getByTestId('attach-form')).toHaveAttribute('data-kind', kind);
}

async function submitAndCheck(page: Page, name: string, type: RegExp): Promise<void> {
  const writes = computeWrites(page);
  await page.getByTestId('form-submit').click();
  await expectOpDone(page);
  expect(writes.filter((w) => w.method() === 'PUT')).toHaveLength(1);
  await page.getByTestId('form-cancel').click();
  await expect(row(page, name)).toContainText(type);
  await expect(row(page, name)).toContainText('Succeeded');
}

test('attaches a VM with a password', async ({ page }) => {
  await openAttach(page, 'vm');
  await expect(page.getByTestId('ssh-note')).toContainText('Only Ubuntu');
  await field(page, 'name').fill('vm-pw');
  await field(page, 'resource_id').fill(`${RG_ID}/Microsoft.Compute/virtualMachines/vm-pw`);
  await field(page, 'address').fill('10.0.0.5');
  await field(page, 'username').fill('azureuser');
  await page.getByTestId('cred-password').click();
  await field(page, 'password').fill('S3cret-Passw0rd!');
  await submitAndCheck(page, 'vm-pw', /Virtual machine/i);
});

test('attaches a VM with an SSH key pair', async ({ page }) => {
  await openAttach(page, 'vm');
  await field(page, 'name').fill('vm-key');
  await field(page, 'resource_id').fill(`${RG_ID}/Microsoft.Compute/virtualMachines/vm-key`);
  await field(page, 'address').fill('10.0.0.6');
  await field(page, 'username').fill('azureuser');
  await page.getByTestId('cred-key').click();
  await field(page, 'private_key').fill(OPENSSH_PRIVATE);
  await field(page, 'public_key').fill(ED25519_PUB);
  await submitAndCheck(page, 'vm-key', /Virtual machine/i);
});

test('attaches an HDInsight cluster', async ({ page }) => {
  await openAttach(page, 'hdinsight');
  await field(page, 'name').fill('hdi-new');
  await field(page, 'resource_id').fill(`${RG_ID}/Microsoft.HDInsight/clusters/hdi-new`);
  await field(page, 'address').fill('hdi-new-ssh.azurehdinsight.net');
  await field(page, 'username').fill('sshuser');
  await field(page, 'password').fill('Hd1-Passw0rd!');
  await submitAndCheck(page, 'hdi-new', /HDInsight/i);
});

test('attaches a Databricks workspace; YAML view is the REST request with the token masked', async ({ page }) => {
  await openAttach(page, 'databricks');
  await field(page, 'name').fill('dbx-new');
  await field(page, 'resource_id').fill(`${RG_ID}/Microsoft.Databricks/workspaces/dbx-new`);
  await field(page, 'workspace_url').fill('https://adb-1234567890123456.7.azuredatabricks.net');
  await field(page, 'access_token').fill('dapi0123456789abcdef');
  await page.getByTestId('view-yaml').click();
  await expect(page.getByTestId('yaml-text')).toContainText('PUT ');
  await expect(page.getByTestId('yaml-text')).toContainText('"computeType": "Databricks"');
  await expect(page.getByTestId('yaml-text')).not.toContainText('dapi0123456789abcdef');
  await submitAndCheck(page, 'dbx-new', /Databricks/i);
});

test('attaches a Data Lake Analytics account', async ({ page }) => {
  await openAttach(page, 'adla');
  await field(page, 'name').fill('adla-new');
  await field(page, 'resource_id').fill(`${RG_ID}/Microsoft.DataLakeAnalytics/accounts/adlanew`);
  await field(page, 'data_lake_store_account_name').fill('adlsnew');
  await submitAndCheck(page, 'adla-new', /Data Lake/i);
});

test('attaches a Kubernetes cluster', async ({ page }) => {
  await openAttach(page, 'kubernetes');
  await field(page, 'name').fill('k8s-new');
  await field(page, 'resource_id').fill(`${RG_ID}/Microsoft.Kubernetes/connectedClusters/k8s-new`);
  await field(page, 'namespace').fill('ml');
  await submitAndCheck(page, 'k8s-new', /Kubernetes/i);
});

test('attaches a Synapse Spark pool', async ({ page }) => {
  await openAttach(page, 'synapse');
  await field(page, 'name').fill('syn-new');
  await field(page, 'resource_id').fill(`${RG_ID}/Microsoft.Synapse/workspaces/synws/bigDataPools/pool1`);
  await page.getByTestId('field-identity-kind').selectOption('SystemAssigned');
  await submitAndCheck(page, 'syn-new', /Synapse/i);
});

test('Azure Batch is listed disabled and explains why', async ({ page }) => {
  await openAttach(page, 'vm');
  await expect(page.getByTestId('attach-kind-batch')).toBeDisabled();
  await expect(page.getByTestId('batch-note')).toContainText('not a compute type of the current Azure Machine Learning API');
});
