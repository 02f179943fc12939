import { api } from '../lib/api.js';
import { can, useApp } from '../lib/app-state.js';
import { useAsync } from '../lib/use-async.js';

/** The teams a person may share with: every team for administrators, their own for everyone else. */
export function useTeamNames(): string[] {
  const { me } = useApp();
  const teams = useAsync(
    (signal) => (can(me, 'admin') ? api<{ teams: Array<{ name: string }> }>('/api/teams', { signal }).then((r) => r.teams.map((t) => t.name)) : Promise.resolve(me.teams)),
    [],
  );
  return teams.data ?? [];
}

/** Checkboxes for the teams a skill is shared with. */
export function TeamPicker(props: { legend: string; teams: string[]; value: string[]; onChange: (teams: string[]) => void; disabled?: boolean }) {
  return (
    <fieldset class="field">
      <legend>{props.legend}</legend>
      {props.teams.length === 0 ? (
        <p class="hint">You are in no team yet; an administrator can add you to one.</p>
      ) : (
        props.teams.map((team) => (
          <label class="check" key={team}>
            <input
              type="checkbox"
              checked={props.value.includes(team)}
              disabled={props.disabled}
              onChange={(e) => {
                const on = (e.currentTarget as HTMLInputElement).checked;
                props.onChange(on ? [...props.value, team] : props.value.filter((t) => t !== team));
              }}
            />{' '}
            {team}
          </label>
        ))
      )}
    </fieldset>
  );
}
